import { EVENT_NAMES, type TerminalEventMap, type TerminalEventName } from '../element/events.js';

/**
 * The wire between the embed page's bridge (child.ts, inside the iframe) and the merchant page's helper (parent.ts).
 * Both ends check the other's origin and window before reading a message; nothing here is trusted on its own.
 */

/** Every message carries this marker, so either side can skip the page's other postMessage traffic cheaply. */
export const MESSAGE_SOURCE = 'coinspaid-terminal';

export type { TerminalEventName };

/** What the bridge relays: every `coinspaid-*` event the element (or a part it renders) fires. */
export const TERMINAL_EVENTS = EVENT_NAMES;

/** The detail of a `coinspaid-*` event, as the element types it. */
export type TerminalEventDetail<K extends TerminalEventName> = TerminalEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Child → parent: one element event (its detail structured-cloned). */
export type FrameEventMessage = {
  [K in TerminalEventName]: { source: typeof MESSAGE_SOURCE; type: K; detail: TerminalEventDetail<K> };
}[TerminalEventName];
/** Child → parent: the embed page's content height in CSS pixels. */
export interface FrameResizeMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'resize';
  detail: { height: number };
}
export type ChildMessage = FrameEventMessage | FrameResizeMessage;

/** Parent → child: "tell me your height now" (sent when the frame has loaded). */
export interface ParentMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'measure';
}

/** Tallest height a frame may ask for: a hostile or broken page must not stretch the merchant's layout forever. */
export const MAX_FRAME_HEIGHT = 10_000;

const KNOWN_EVENTS: ReadonlySet<string> = new Set(TERMINAL_EVENTS);

function marked(data: unknown): data is { source: string; type: unknown; detail?: unknown } {
  return typeof data === 'object' && data !== null && (data as { source?: unknown }).source === MESSAGE_SOURCE;
}

/** The shape check of a child's message; origin and window are the caller's to check first. */
export function isChildMessage(data: unknown): data is ChildMessage {
  if (!marked(data) || typeof data.type !== 'string') return false;
  if (data.type === 'resize') {
    const height = (data.detail as { height?: unknown } | null | undefined)?.height;
    return typeof height === 'number' && Number.isFinite(height) && height >= 0;
  }
  return KNOWN_EVENTS.has(data.type);
}

export function isParentMessage(data: unknown): data is ParentMessage {
  return marked(data) && data.type === 'measure';
}
