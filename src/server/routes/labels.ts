/**
 * Labels: human verdicts on a time range of a symbol (and the simulator's ground truth).
 * Anyone may read; analysts and admins create, edit and delete; every change is audited.
 * Prefixed /api/v1.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Label } from '../../core/events.js';
import { MICROS_PER_DAY } from '../../core/time.js';
import type { LabelQuery, Store } from '../../store/store.js';
import { toCsv } from '../csv.js';
import { ApiError } from '../errors.js';
import { paginate, pageQueryShape, type FetchRange } from '../pagination.js';
import { labelOut, labelSchema } from '../representations/detections.js';
import { timeInput } from '../time-params.js';
import { noContent, pageSchema, responses } from './responses.js';
import type { RouteDeps } from './route-deps.js';

const MAX_EXPORT_ROWS = 100_000;
/** A label longer than this is almost certainly a mistake (a zero start, a wrong year). */
const MAX_LABEL_SPAN = 366 * MICROS_PER_DAY;

const filterShape = {
  symbol: z.string().min(1).max(64).optional(),
  kind: z.string().min(1).max(64).optional(),
  source: z.string().min(1).max(64).optional().describe('simulator, user or feedback'),
  anomaly_id: z.string().min(1).max(200).optional(),
};

const labelFields = {
  symbol: z.string().min(1).max(64),
  start: timeInput,
  end: timeInput.describe('end of the range (≥ start; equal for a point in time)'),
  kind: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_.-]+$/i, 'letters, digits, _ . - only')
    .describe('class of the range, e.g. volume_spike, flash_crash, normal'),
  verdict: z.enum(['anomaly', 'normal']).nullable().default(null),
  anomalyId: z.string().min(1).max(200).nullable().default(null).describe('the anomaly this verdict is about'),
  note: z.string().max(2000).default(''),
};

const createBody = z.strictObject(labelFields);
const updateBody = z
  .strictObject({
    symbol: labelFields.symbol.optional(),
    start: labelFields.start.optional(),
    end: labelFields.end.optional(),
    kind: labelFields.kind.optional(),
    verdict: z.enum(['anomaly', 'normal']).nullable().optional(),
    anomalyId: z.string().min(1).max(200).nullable().optional(),
    note: z.string().max(2000).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });

const idParams = z.object({ id: z.string().min(1).max(200) });

function assertRange(label: Label): void {
  if (label.end < label.start) {
    throw new ApiError('invalid_request', 'end is before start: a label covers [start, end] with end ≥ start', [
      { where: 'body.end', problem: 'before start' },
    ]);
  }
  if (label.end - label.start > MAX_LABEL_SPAN) {
    throw new ApiError(
      'invalid_request',
      'the label spans more than a year: check start and end (a zero or a date in the wrong year?)',
    );
  }
}

/**
 * Labels overlapping [from, to) in start order, for pagination by start time. The store's
 * `from` is an overlap filter, not a bound on start, so a later ascending page asks the store
 * for the original range and keeps the labels starting at or after the cursor, fetching more
 * until the page is full or the rows run out.
 */
async function labelsByStart(store: Store, filters: LabelQuery, range: FetchRange, originalFrom: number | undefined) {
  const { cursorTime, ...bounds } = range;
  if (range.order === 'desc' || cursorTime === undefined) return store.labels({ ...filters, ...bounds });
  const query = { ...filters, ...bounds, from: originalFrom };
  for (let limit = range.limit; ; limit *= 4) {
    const rows = await store.labels({ ...query, limit });
    const kept = rows.filter((label) => label.start >= cursorTime);
    if (kept.length >= range.limit || rows.length < limit) return kept.slice(0, range.limit);
  }
}

/** The label with this id (the Store has no lookup by id; labels are few, so a scan is fine). */
async function findLabel(store: Store, id: string): Promise<Label | null> {
  return (await store.labels({})).find((label) => label.id === id) ?? null;
}

export function labelRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  const { store, auth } = deps;
  // A verdict also adapts the running ensemble's member weights; the label is stored either way.
  const feedBack = async (label: Label, log: FastifyBaseLogger): Promise<void> => {
    try {
      await deps.onLabel?.(label);
    } catch (error) {
      log.warn({ err: error, label: label.id }, 'label stored, but its verdict could not be fed to the detectors');
    }
  };
  const actorOf = (request: { principal: { username: string } | null; ip: string }) => ({
    name: request.principal?.username ?? 'unknown',
    ip: request.ip,
  });

  return async (app) => {
    app.get(
      '/labels',
      {
        schema: {
          tags: ['labels'],
          summary: 'Labels',
          description: 'Labels overlapping [from, to), ordered by start; newest first by default.',
          querystring: z.object({ ...filterShape, ...pageQueryShape }),
          response: responses({ 200: pageSchema(labelSchema) }),
        },
      },
      async (request) => {
        const { symbol, kind, source, anomaly_id: anomalyId, from } = request.query;
        const filters = { symbol, kind, source, anomalyId };
        const page = await paginate(
          request.query,
          (range) => labelsByStart(store, filters, range, from),
          (label) => label.start,
        );
        return { data: page.items.map(labelOut), count: page.items.length, next: page.next };
      },
    );

    app.get(
      '/labels/export',
      {
        schema: {
          tags: ['labels'],
          summary: 'Export labels as CSV or JSON',
          description: `Every label matching the filters (up to ${MAX_EXPORT_ROWS.toLocaleString('en')}), oldest first, as a download.`,
          querystring: z.object({
            ...filterShape,
            from: pageQueryShape.from,
            to: pageQueryShape.to,
            format: z.enum(['csv', 'json']).default('csv'),
          }),
          response: responses({
            200: z.union([z.string().describe('text/csv'), z.array(labelSchema)]).describe('CSV text or a JSON array'),
          }),
        },
      },
      async (request, reply) => {
        const { symbol, kind, source, anomaly_id: anomalyId, from, to, format } = request.query;
        const labels = await store.labels({
          symbol,
          kind,
          source,
          anomalyId,
          from,
          to,
          order: 'asc',
          limit: MAX_EXPORT_ROWS,
        });
        const rows = labels.map(labelOut);
        const stamp = new Date(deps.clock.now() / 1000).toISOString().slice(0, 19).replaceAll(':', '-');
        reply.header('content-disposition', `attachment; filename="tickwatch-labels-${stamp}.${format}"`);
        if (format === 'json') return reply.type('application/json; charset=utf-8').send(JSON.stringify(rows));
        const header = [
          'id',
          'symbol',
          'start',
          'end',
          'startIso',
          'endIso',
          'kind',
          'source',
          'anomalyId',
          'verdict',
          'note',
          'createdAt',
          'createdAtIso',
        ] as const;
        const csv = toCsv(
          header,
          rows.map((row) => header.map((column) => row[column])),
        );
        return reply.type('text/csv; charset=utf-8').send(csv);
      },
    );

    app.post(
      '/labels',
      {
        config: { minimumRole: 'analyst' },
        schema: {
          tags: ['labels'],
          summary: 'Create a label',
          description: 'Needs the analyst role. `source` is set to `user`.',
          body: createBody,
          response: responses({ 201: labelSchema }),
        },
      },
      async (request, reply) => {
        const body = request.body;
        const label: Label = {
          type: 'label',
          id: `user-${randomUUID()}`,
          symbol: body.symbol,
          start: body.start,
          end: body.end,
          kind: body.kind,
          source: 'user',
          anomalyId: body.anomalyId,
          verdict: body.verdict,
          note: body.note,
          createdAt: deps.clock.now(),
        };
        assertRange(label);
        await store.upsertLabel(label);
        await feedBack(label, request.log);
        await auth.audit(actorOf(request), 'label.create', label.id, true, { symbol: label.symbol, kind: label.kind });
        return reply.status(201).send(labelOut(label));
      },
    );

    app.patch(
      '/labels/:id',
      {
        config: { minimumRole: 'analyst' },
        schema: {
          tags: ['labels'],
          summary: 'Change a label',
          description: 'Needs the analyst role. Only the fields sent change.',
          params: idParams,
          body: updateBody,
          response: responses({ 200: labelSchema }, [400, 404]),
        },
      },
      async (request) => {
        const existing = await findLabel(store, request.params.id);
        if (existing === null) {
          throw new ApiError('not_found', `no label with id "${request.params.id}": list labels to find its id`);
        }
        const changes = Object.fromEntries(Object.entries(request.body).filter(([, value]) => value !== undefined));
        const label: Label = { ...existing, ...changes };
        assertRange(label);
        await store.upsertLabel(label);
        await feedBack(label, request.log);
        await auth.audit(actorOf(request), 'label.update', label.id, true, { fields: Object.keys(changes).join(',') });
        return labelOut(label);
      },
    );

    app.delete(
      '/labels/:id',
      {
        config: { minimumRole: 'analyst' },
        schema: {
          tags: ['labels'],
          summary: 'Delete a label',
          description: 'Needs the analyst role.',
          params: idParams,
          response: responses({ 204: noContent }, [400, 404]),
        },
      },
      async (request, reply) => {
        if (!(await store.deleteLabel(request.params.id))) {
          throw new ApiError('not_found', `no label with id "${request.params.id}": list labels to find its id`);
        }
        await auth.audit(actorOf(request), 'label.delete', request.params.id, true, {});
        return reply.status(204).send(null);
      },
    );
  };
}
