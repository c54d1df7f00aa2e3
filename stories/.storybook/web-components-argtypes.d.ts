// Types for the web-components renderer's argTypes entry, which ships without declarations.
declare module "@storybook/web-components/entry-preview-argtypes" {
  import type { ArgTypesEnhancer, Parameters } from "storybook/internal/types";

  export const parameters: Parameters;
  export const argTypesEnhancers: ArgTypesEnhancer[];
}
