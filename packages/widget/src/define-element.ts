/**
 * Registers `element` as `name` unless the name is taken (a second copy of the widget, or a
 * screen chunk loaded after `defineAdmitElements()` registered everything).
 * @example defineElement("admit-buyer-form", AdmitBuyerForm);
 */
export function defineElement(
  name: string,
  element: CustomElementConstructor,
  registry: CustomElementRegistry = customElements,
): void {
  if (!registry.get(name)) registry.define(name, element);
}
