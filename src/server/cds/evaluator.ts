// Where CDS service calls are answered (answer.ts): in the server's own thread, or in a small pool of worker threads.
// Answering a call is all CPU (reading a ~24 kB prefetch, extracting the record, evaluating, serialising the cards)
// and was about two thirds of the server thread's time per call under load (BENCHMARKS.md, CDS Hooks section). In a
// worker it no longer holds up the event loop, where the clinic's own API and the embedded database run, and it can
// use a second core. The server thread keeps what needs it: the JWT check, the database, and the issued-card memory.
//
// Libraries are sent to a worker once per version (approved versions never change); the template is the worker's own.

import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import type { CdsServiceId } from '../../fhir/cds/services.ts';
import type { CdsAnswer } from './answer.ts';
import { answerCdsCall } from './answer.ts';

export interface CdsJob {
  readonly service: CdsServiceId;
  /** The request body as received. */
  readonly text: string;
  /** The approved version's id, or undefined for the unapproved template. */
  readonly libraryId: string | undefined;
  readonly library: ProtocolLibrary;
  readonly asOf: Date;
}

export interface CdsEvaluator {
  answer(job: CdsJob): Promise<CdsAnswer>;
  close(): Promise<void>;
}

/** The message a worker receives: the job, with the library only the first time that worker meets its id. */
export interface WorkerJob {
  readonly id: number;
  readonly service: CdsServiceId;
  readonly text: string;
  readonly libraryId: string | undefined;
  readonly library?: ProtocolLibrary;
  readonly asOfMs: number;
}

export type WorkerReply =
  | { readonly id: number; readonly answer: CdsAnswer }
  | { readonly id: number; readonly error: string; readonly stack?: string };

export function inProcessEvaluator(): CdsEvaluator {
  return {
    answer: async (job) =>
      answerCdsCall(job.service, job.text, { library: job.library, asOf: job.asOf, newUuid: randomUUID }),
    close: async () => {},
  };
}

interface PoolWorker {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (answer: CdsAnswer) => void; reject: (error: Error) => void }>;
  readonly libraries: Set<string>;
}

/** `size` worker threads; each call goes to the one with the fewest calls in hand. */
export function workerEvaluator(size: number): CdsEvaluator {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`a worker pool needs 1 or more workers, not ${size}`);
  let nextId = 0;
  let closing = false;
  const pool: PoolWorker[] = [];

  function start(): PoolWorker {
    const entry: PoolWorker = {
      worker: new Worker(new URL('./evaluator-worker.ts', import.meta.url)),
      pending: new Map(),
      libraries: new Set(),
    };
    entry.worker.on('message', (reply: WorkerReply) => {
      const waiting = entry.pending.get(reply.id);
      if (waiting === undefined) return;
      entry.pending.delete(reply.id);
      if (entry.pending.size === 0) entry.worker.unref();
      if ('answer' in reply) waiting.resolve(reply.answer);
      else {
        const error = new Error(`CDS worker: ${reply.error}`);
        if (reply.stack !== undefined) error.stack = `${error.message}\n(in the worker) ${reply.stack}`;
        waiting.reject(error);
      }
    });
    // A worker that dies takes only its calls in hand with it (each a 500); the next call gets a new worker.
    const fail = (why: string) => {
      for (const { reject } of entry.pending.values()) reject(new Error(`CDS worker ${why}`));
      entry.pending.clear();
      const at = pool.indexOf(entry);
      if (at >= 0) pool.splice(at, 1);
    };
    entry.worker.on('error', (error: Error) => fail(`failed: ${error.message}`));
    entry.worker.on('exit', (code) => fail(`exited with code ${code}`));
    // An answer that cannot be read would leave its call waiting for ever: the worker goes, and its calls with it.
    entry.worker.on('messageerror', () => void entry.worker.terminate());
    // A worker keeps the process alive only while it has calls in hand (ref'd in `answer`), so that a pool left
    // open (a test that forgets to close) does not, and a call waiting for its answer does.
    entry.worker.unref();
    pool.push(entry);
    return entry;
  }

  for (let i = 0; i < size; i++) start();

  return {
    answer(job) {
      if (closing) return Promise.reject(new Error('the CDS evaluator is closed'));
      while (pool.length < size) start();
      const entry = pool.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      const sendLibrary = job.libraryId !== undefined && !entry.libraries.has(job.libraryId);
      const message: WorkerJob = {
        id,
        service: job.service,
        text: job.text,
        libraryId: job.libraryId,
        ...(sendLibrary ? { library: job.library } : {}),
        asOfMs: job.asOf.getTime(),
      };
      return new Promise<CdsAnswer>((resolve, reject) => {
        entry.pending.set(id, { resolve, reject });
        if (entry.pending.size === 1) entry.worker.ref();
        try {
          entry.worker.postMessage(message);
        } catch (error) {
          entry.pending.delete(id);
          if (entry.pending.size === 0) entry.worker.unref();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (sendLibrary && job.libraryId !== undefined) entry.libraries.add(job.libraryId);
      });
    },
    async close() {
      closing = true;
      await Promise.all(pool.map(({ worker }) => worker.terminate()));
    },
  };
}
