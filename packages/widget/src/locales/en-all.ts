import { en as firstScreen, type Messages } from "./en.js";
import { enLater } from "./en-later.js";

/** Every English message in one object: the reference catalogue for code outside the widget. */
export const en: Messages = { ...firstScreen, ...enLater };
