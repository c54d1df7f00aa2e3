import { en as firstScreen } from "./en.js";
import { enLater } from "./en-later.js";

/** Every English message in one object: the reference catalogue for code outside the widget. */
export const en = {
  ...firstScreen,
  ...enLater,
  problems: { ...firstScreen.problems, ...enLater.problems },
};

/**
 * The shape every locale file exports: the first screen's messages (`en.ts`) and the later
 * screens' (`en-later.ts`).
 */
export type Messages = typeof en;
