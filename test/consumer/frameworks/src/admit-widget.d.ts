// The widget's element in Svelte and Vue templates.
import type {} from "@admit/widget/svelte";
import type {} from "@admit/widget/vue";
