// An outside CDS Hooks client for o3care, as an EHR would be one: it signs its own JWT (ES384, its own key), builds
// an order-sign call from a record and a draft order on file (the record split into the prefetch of SPEC-INTEROP §3,
// the order sent as context.draftOrders), posts it, and prints the cards. Depends only on jose.
//
//   node examples/cds-client.ts --generate-key client-key.json --iss https://ehr.example.org
//     writes a private key and prints the O3CARE_CDS_CLIENTS entry for o3care
//   O3CARE_CDS_CLIENTS='[…]' O3CARE_PUBLIC_URL=http://127.0.0.1:3000 o3care serve
//   node examples/cds-client.ts --url http://127.0.0.1:3000 --key client-key.json --iss https://ehr.example.org \
//     --record examples/knee-oa-patient.record.json --order examples/knee-oa-order-above-usual-range.order.json

import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';

type Resource = { resourceType: string; id?: string } & Record<string, unknown>;
type Entry = { resource?: Resource; fullUrl?: string } & Record<string, unknown>;

interface Card {
  summary: string;
  indicator: string;
  detail?: string;
  source: { label: string; topic?: { code: string } };
  suggestions?: { label: string }[];
}

/** Which prefetch key each resource type answers (SPEC-INTEROP §3 templates, plus o3care's optional intake). */
const PREFETCH_KEY: Readonly<Record<string, string>> = {
  Condition: 'conditions',
  Observation: 'observations',
  MedicationStatement: 'medications',
  AllergyIntolerance: 'allergies',
  Procedure: 'procedures',
  QuestionnaireResponse: 'intake',
};
const REQUIRED_KEYS = ['conditions', 'observations', 'medications', 'allergies', 'procedures'];

/** The record as a FHIR server would answer the prefetch templates: searchset Bundles, null when empty. */
export function prefetchOf(record: { entry?: Entry[] }): {
  patientId: string;
  prefetch: Record<string, unknown>;
} {
  const entries = record.entry ?? [];
  const patient = entries.find((e) => e.resource?.resourceType === 'Patient')?.resource;
  if (patient?.id === undefined) throw new Error('the record has no Patient with an id');
  const found = new Map<string, Entry[]>();
  for (const entry of entries) {
    const key = PREFETCH_KEY[entry.resource?.resourceType ?? ''];
    if (key === undefined) continue;
    found.set(key, [...(found.get(key) ?? []), { ...entry, search: { mode: 'match' } }]);
  }
  const prefetch: Record<string, unknown> = { patient };
  for (const key of [...REQUIRED_KEYS, 'intake']) {
    const list = found.get(key) ?? [];
    if (list.length > 0)
      prefetch[key] = { resourceType: 'Bundle', type: 'searchset', total: list.length, entry: list };
    else if (key !== 'intake') prefetch[key] = null;
  }
  return { patientId: patient.id, prefetch };
}

async function generateKey(file: string, iss: string): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const kid = randomUUID();
  writeFileSync(file, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES384' }, null, 2), {
    mode: 0o600,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  console.log(`Private key written to ${file}. Register the client with o3care:\n`);
  console.log(`O3CARE_CDS_CLIENTS='${JSON.stringify([{ iss, jwks: { keys: [publicJwk] } }])}'`);
}

/** A JWT for one call (CDS Hooks 2.0: iss, aud = the endpoint URL, exp, iat, a fresh jti; kid and typ in the header). */
async function tokenFor(key: JWK, iss: string, endpoint: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: String(key.kid) })
    .setIssuer(iss)
    .setAudience(endpoint)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(await importJWK(key, 'ES384'));
}

function printCards(cards: readonly Card[]): void {
  if (cards.length === 0) {
    console.log('No cards: o3care found nothing to say about this order.');
    return;
  }
  for (const card of cards) {
    console.log(`[${card.indicator.toUpperCase()}] ${card.summary}`);
    console.log(`    ${card.source.topic?.code ?? ''} · ${card.source.label}`);
    for (const suggestion of card.suggestions ?? []) console.log(`    suggestion: ${suggestion.label}`);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      iss: { type: 'string' },
      record: { type: 'string' },
      order: { type: 'string' },
      'generate-key': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const iss = values.iss ?? 'https://ehr.example.org';
  if (values['generate-key'] !== undefined) {
    await generateKey(values['generate-key'], iss);
    return 0;
  }
  if (!values.url || !values.key || !values.record || !values.order) {
    console.error(
      'usage: cds-client.ts --url URL --key KEY.json --iss ISS --record BUNDLE.json --order ORDER.json [--json]',
    );
    return 2;
  }
  const key = JSON.parse(readFileSync(values.key, 'utf8')) as JWK;
  const { patientId, prefetch } = prefetchOf(
    JSON.parse(readFileSync(values.record, 'utf8')) as { entry?: Entry[] },
  );
  const order = JSON.parse(readFileSync(values.order, 'utf8')) as Resource;
  const endpoint = `${values.url.replace(/\/+$/, '')}/cds-services/ozone-order-check`;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await tokenFor(key, iss, endpoint)}`,
    },
    body: JSON.stringify({
      hook: 'order-sign',
      hookInstance: randomUUID(),
      context: {
        userId: 'Practitioner/example',
        patientId,
        draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] },
      },
      prefetch,
    }),
  });
  const text = await response.text();
  if (!response.ok) {
    console.error(`o3care answered ${response.status}: ${text || '(no body)'}`);
    return 1;
  }
  const body = JSON.parse(text) as { cards: Card[] };
  if (values.json === true) console.log(JSON.stringify(body, null, 2));
  else printCards(body.cards);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
