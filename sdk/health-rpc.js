// polkadot.js definitions of the node's `health_*` JSON-RPC methods, made from their OpenRPC
// description (docs/openrpc.json, which the node serves as `rpc.discover`), so the two cannot
// drift apart:
//
//   import { healthRpc } from '<repo>/sdk/health-rpc.js';
//   const api = await ApiPromise.create({ provider, rpc: { health: healthRpc } });
//   const decision = (await api.rpc.health.checkAccess(query)).toJSON();
//
// Parameters are typed from their schemas (numbers, text, JSON objects, an optional block hash
// last); answers are JSON, as docs/rpc.md shows them.
import openrpc from '../docs/openrpc.json' with { type: 'json' };

/** The polkadot.js type of a parameter, from its JSON schema. */
function paramType(param) {
  if (param.name === 'at') return 'BlockHash';
  const { type } = param.schema;
  if (type === 'integer') return param.schema.maximum !== undefined && param.schema.maximum <= 4294967295 ? 'u32' : 'u64';
  if (type === 'string') return 'Text';
  if (type === 'boolean') return 'bool';
  return 'Json';
}

/** `{ methodName: { description, params, type } }` for the `health` section of `ApiPromise`'s `rpc` option. */
export const healthRpc = Object.fromEntries(
  openrpc.methods
    .filter((m) => m.name.startsWith('health_'))
    .map((m) => [
      m.name.slice('health_'.length),
      {
        description: m.summary,
        params: m.params.map((p) => ({ name: p.name, type: paramType(p), ...(p.required === false ? { isOptional: true } : {}) })),
        type: m.result.schema.type === 'boolean' ? 'bool' : 'Json',
      },
    ]),
);

/** The OpenRPC document itself. */
export { openrpc };
