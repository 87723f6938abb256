// Builds the map when web/dist is missing or stale (npm test runs it once before the suite, so that test
// files running in parallel never race on web/dist).
import { ensureWebBuilt } from '../web/src/build/ensure-built.js';

ensureWebBuilt((l) => console.log(l));
