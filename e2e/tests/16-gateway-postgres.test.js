// The record exchange through real gateways keeping documents in PostgreSQL, the production
// store: the test command starts a throwaway cluster (scripts/with-postgres.sh) and each gateway
// gets its own database in it (the suite: lib/gateway-suite.js).
import { gatewaySuite } from '../lib/gateway-suite.js';

gatewaySuite('postgres');
