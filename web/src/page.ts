// The page's two long-lived objects, the map view and the quote tool, created once at start (main.ts) and
// reached from here by the modules that draw on them.
import type { MapView } from './mapview.js';
import type { QuoteTool } from './quote.js';

export const page = {} as { view: MapView; quote: QuoteTool };
