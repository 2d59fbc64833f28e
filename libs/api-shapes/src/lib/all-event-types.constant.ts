/** In event_types, every type, including those Billy adds later. */
export const ALL_EVENT_TYPES = '*';
