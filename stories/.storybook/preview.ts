/// <reference types="vite/client" />
/// <reference path="./web-components-argtypes.d.ts" />
import addonA11y from "@storybook/addon-a11y";
import addonDocs from "@storybook/addon-docs";
import * as argTypesFromManifest from "@storybook/web-components/entry-preview-argtypes";
import { definePreview, setCustomElementsManifest } from "@storybook/web-components-vite";
import { isCommonAssetRequest } from "msw";
import { setupWorker } from "msw/browser";
import addonMsw from "msw-storybook-addon";
import { MOCK_API } from "../../test/mocks/fixtures.js";

// The manifest is generated (`cem analyze`, run by the `assets` script), not committed; a glob
// keeps type-checking a fresh clone possible before the first build.
const manifests = import.meta.glob<object>("../../packages/widget/custom-elements.json", {
  eager: true,
  import: "default",
});
const manifest = Object.values(manifests)[0];
if (!manifest) {
  throw new Error(
    "packages/widget/custom-elements.json is missing: run `npm run assets -w @admit/stories`.",
  );
}
setCustomElementsManifest(publicApiOf(manifest));

/** The manifest without private and protected members: the docs show what a host page can use. */
function publicApiOf(full: object): object {
  const copy = structuredClone(full) as {
    modules?: { declarations?: { members?: { privacy?: string; static?: boolean }[] }[] }[];
  };
  for (const module of copy.modules ?? [])
    for (const declaration of module.declarations ?? [])
      declaration.members = declaration.members?.filter(
        (member) => !member.static && (member.privacy ?? "public") === "public",
      );
  return copy;
}

export default definePreview({
  addons: [
    // `definePreview` leaves out the renderer's argTypes entry, which turns the manifest into
    // controls and the docs tables (attributes, events, CSS properties and parts).
    argTypesFromManifest,
    addonDocs(),
    addonA11y(),
    addonMsw(async () => {
      const worker = setupWorker();
      await worker.start({
        quiet: true,
        // A widget request no story answers is a broken story: say so as a console error,
        // which the Storybook check in `npm test` fails on.
        onUnhandledRequest(request, print) {
          if (request.url.startsWith(MOCK_API)) print.error();
          else if (!isCommonAssetRequest(request)) print.warning();
        },
      });
      return worker;
    }),
  ],
  tags: ["autodocs"],
  parameters: {
    layout: "padded",
    controls: { expanded: true },
    // Violations show as errors in the Accessibility panel; `npm test` fails on them too.
    a11y: { test: "error" },
    docs: {
      // Each story in its own iframe: the msw handlers of one story never answer another's widget.
      story: { inline: false, iframeHeight: "460px" },
      toc: true,
    },
  },
});
