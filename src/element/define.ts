/**
 * Defines `tag` unless it already is. A page may load the element twice (a bundle and a `<script src>`), and a lazy
 * mode's chunk may run more than once: a second `customElements.define` would throw. Where there is no registry at
 * all (server rendering imports the element's modules), it does nothing: the element is defined when the page loads
 * in a browser.
 */
export function defineOnce(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements !== 'undefined' && !customElements.get(tag)) customElements.define(tag, element);
}
