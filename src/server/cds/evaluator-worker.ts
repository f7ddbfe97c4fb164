// A worker thread of the CDS evaluator pool (evaluator.ts): answers each job with answer.ts, keeping the library
// versions it has been sent by id. An exception (a bug: answer.ts returns refusals, it does not throw them) is sent
// back as an error for that call alone.

import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { ProtocolLibrary } from '../../clinical/library.ts';
import { TEMPLATE_LIBRARY } from '../../clinical/library.ts';
import { answerCdsCall } from './answer.ts';
import type { WorkerJob, WorkerReply } from './evaluator.ts';

const libraries = new Map<string, ProtocolLibrary>();

parentPort?.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    if (job.libraryId !== undefined && job.library !== undefined) libraries.set(job.libraryId, job.library);
    const library = job.libraryId === undefined ? TEMPLATE_LIBRARY : libraries.get(job.libraryId);
    if (library === undefined) throw new Error(`library ${job.libraryId} was never sent to this worker`);
    const answer = answerCdsCall(job.service, job.text, {
      library,
      asOf: new Date(job.asOfMs),
      newUuid: randomUUID,
    });
    reply = { id: job.id, answer };
  } catch (error) {
    reply =
      error instanceof Error
        ? { id: job.id, error: error.message, ...(error.stack !== undefined ? { stack: error.stack } : {}) }
        : { id: job.id, error: String(error) };
  }
  parentPort?.postMessage(reply);
});
