// Imported first by the bench: production React and a jsdom window, set up before React loads.
// React reads NODE_ENV when it is first required, and react-dom decides whether it can use the DOM at import.
import { JSDOM } from 'jsdom';

process.env.NODE_ENV = 'production';

// A real origin: jsdom refuses localStorage to an opaque one (the draft bench writes to it).
const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://127.0.0.1/' });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
// Node 20 has no global navigator; react-dom reads it (TOOLCHAIN pitfall 14).
Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true, writable: true });
globalThis.IS_REACT_ACT_ENVIRONMENT = false;

if (typeof globalThis.gc !== 'function') {
  throw new Error('Run the bench with `node --expose-gc` (npm run bench does).');
}
