/**
 * The twin's OpenAPI 3.1 description, served at /openapi.json. Request bodies come from the zod
 * schemas the server validates with, so the description cannot drift from what is enforced.
 */
import { z } from 'zod';
import { desiredBodySchema } from './operator-command.js';
import { whatIfRequestSchema } from './whatif.js';
import { releaseBodySchema } from './release-notice.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const err = { description: 'bad request: `{ error }` says what was wrong', ...json({ type: 'object', properties: { error: { type: 'string' } }, required: ['error'] }) };
const ok = (description: string) => ({ description, ...json({ type: 'object' }) });
const auth = [{ bearer: [] }];


let doc: object | null = null;

export function openApiDocument(): object {
  return (doc ??= {
    openapi: '3.1.0',
    info: { title: 'customs-twin live twin', version: '1', description: 'Device frames in (HTTP, TCP gateway link, MQTT), the same supervision logic as the simulation, durable log, what-if fork.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/ingest': {
        post: {
          summary: 'one device frame (raw bytes of its wire format); answered after it is logged and applied',
          security: auth,
          parameters: [
            { name: 'x-ctwin-device', in: 'header', required: true, schema: { type: 'string' } },
            { name: 'x-ctwin-format', in: 'header', required: true, schema: { type: 'string' } },
            { name: 'x-ctwin-lane', in: 'header', required: false, schema: { type: 'string' } },
            { name: 'x-ctwin-seq', in: 'header', required: false, description: "the device's sequence number: a frame seen twice is applied once", schema: { type: 'integer', minimum: 0 } },
          ],
          requestBody: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'multipart/form-data': { schema: { type: 'string', format: 'binary' } } } },
          responses: {
            200: { description: 'accepted (JSON {status, id, t}), duplicate (JSON {status}), or for a GATHER_INFO the customs reply XML', content: { 'application/json': { schema: { type: 'object' } }, 'application/xml': { schema: { type: 'string' } } } },
            400: err, 401: err, 403: err, 404: err, 405: err, 413: err, 503: err,
          },
        },
      },
      '/api/site': { get: { summary: 'the site: lanes, devices (stale ones named), inputs, queues, KPIs', responses: { 200: ok('site') } } },
      '/api/devices': { get: { summary: 'every device twin: reported, desired, stale, in sync', parameters: [{ name: 'stale', in: 'query', schema: { enum: ['true', 'false'] } }, { name: 'lane', in: 'query', schema: { type: 'string' } }], responses: { 200: ok('devices'), 400: err } } },
      '/api/devices/{device}': { get: { summary: 'one device twin', parameters: [{ name: 'device', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: ok('device'), 404: err } } },
      '/api/devices/{device}/desired': {
        put: {
          summary: "an operator's wish for a lane barrier (open/closed, display text): logged, then sent to the barrier, which acknowledges",
          security: auth, parameters: [{ name: 'device', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, ...json(z.toJSONSchema(desiredBodySchema, { io: 'input' })) },
          responses: { 201: ok('logged and applied'), 400: err, 401: err, 404: err, 409: err },
        },
      },
      '/api/releases': { post: { summary: "a customs release notice (the truck's expected plate, e-plate, container, seal, weight, driver IC card)", security: auth, requestBody: { required: true, ...json(z.toJSONSchema(releaseBodySchema)) }, responses: { 201: ok('logged and applied'), 400: err, 401: err, 413: err, 503: err } } },
      '/api/consignments': { get: { summary: 'consignments the twin knows (from their release on)', parameters: [{ name: 'status', in: 'query', schema: { enum: ['released', 'at_lane', 'passed', 'held', 'to_inspection'] } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } }, { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0 } }], responses: { 200: ok('page'), 400: err } } },
      '/api/consignments/{ref}': { get: { summary: "one consignment: its release, verdict, timeline, and its lane machine's state while on the deck", parameters: [{ name: 'ref', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }], responses: { 200: ok('consignment'), 400: err, 404: err } } },
      '/api/lanes': { get: { summary: "lanes: counts, the gate-lane machine's state, the barrier twin", responses: { 200: ok('lanes') } } },
      '/api/queues': { get: { summary: 'released and not yet at the gate; on each lane; held', responses: { 200: ok('queues') } } },
      '/api/kpis': { get: { summary: 'gate passes, releases, holds by read, diversions, release-to-gate time', responses: { 200: ok('kpis') } } },
      '/api/events': {
        get: {
          summary: 'server-sent events: `hello` (state summary, `last_id` the last input, `last_event` and `oldest_event` the newest and oldest event kept), then `twin` (arrays of events as they are applied), each with `id:` the ordinal of its last event',
          description: 'Events are numbered 1, 2, 3, … from the log\'s first input, the same across restarts. With `since` (or Last-Event-ID, as EventSource sends on reconnecting) the events after it still kept are sent first, in `twin` messages of at most 1,000 events, then the live ones, none twice and none lost; if some after it were dropped already, a `gap` event (`{since, oldest_event}`) comes first. A client too slow to take what is sent is cut, and resumes with its Last-Event-ID.',
          parameters: [
            { name: 'since', in: 'query', required: false, description: 'send the kept events with an ordinal above this first (wins over Last-Event-ID)', schema: { type: 'integer', minimum: 0 } },
            { name: 'Last-Event-ID', in: 'header', required: false, description: 'as `since` (EventSource sends the id of the last message it got)', schema: { type: 'integer', minimum: 0 } },
          ],
          responses: { 200: { description: 'text/event-stream: `hello`, then `gap` (only if events after `since` were dropped), then `twin` messages', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 400: err },
        },
      },
      '/api/whatif': {
        post: {
          summary: "forks the gate stage from the twin's current state and forecasts KPIs with 95 % intervals; the live state is not touched",
          security: auth, requestBody: { required: true, ...json(z.toJSONSchema(whatIfRequestSchema, { io: 'input' })) },
          responses: { 200: ok('forecast'), 400: err, 401: err, 501: err },
        },
      },
      '/metrics': { get: { summary: 'Prometheus text format', responses: { 200: { description: 'text/plain' } } } },
      '/healthz': { get: { summary: 'liveness', responses: { 200: ok('ok') } } },
    },
  });
}
