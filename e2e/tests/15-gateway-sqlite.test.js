// The record exchange through real gateways keeping documents in their embedded SQLite files
// (the suite: lib/gateway-suite.js).
import { gatewaySuite } from '../lib/gateway-suite.js';

gatewaySuite('sqlite');
