// Rule ids are data with documentation (STYLE.md §3): every rule has its page, every page has its rule, and the
// pages match the catalogue. Every rule also has its own describe block of tests.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { RULE_IDS, RULES } from '../src/clinical/rule-catalog.ts';
import { RULE_DOCS_DIR, renderIndex, renderRuleDoc, ruleDocFiles } from '../scripts/rule-docs.ts';

const SPEC_PATH = new URL('../../shared/SPEC-CLINICAL.md', import.meta.url);

describe('rule documentation and coverage', () => {
  test('every rule has a doc page that matches the catalogue (run node scripts/rule-docs.ts --write)', () => {
    for (const rule of RULES) {
      const page = readFileSync(`${RULE_DOCS_DIR}${rule.id}.md`, 'utf8');
      assert.equal(page, renderRuleDoc(rule), `docs/rules/${rule.id}.md is out of date`);
    }
    assert.equal(readFileSync(`${RULE_DOCS_DIR}README.md`, 'utf8'), renderIndex());
  });

  test('no doc page exists without its rule', () => {
    const ids = new Set<string>(RULE_IDS);
    for (const file of ruleDocFiles())
      assert.ok(ids.has(file.replace(/\.md$/, '')), `docs/rules/${file} has no rule`);
  });

  test('every rule id of SPEC-CLINICAL §6 exists in the catalogue', () => {
    const spec = readFileSync(SPEC_PATH, 'utf8');
    const section = spec.slice(spec.indexOf('## 6. Rules'), spec.indexOf('## 7.'));
    const specIds = [...section.matchAll(/^\| `([a-z0-9-]+\.[a-z0-9-]+)`/gm)].map((m) => m[1]);
    assert.ok(specIds.length >= 45, `expected the §6 tables, found ${specIds.length} ids`);
    for (const id of specIds)
      assert.ok((RULE_IDS as readonly string[]).includes(id!), `${id} is missing from the engine`);
  });

  test('every rule has its own describe block of tests in src/clinical/rules', () => {
    const dir = new URL('../src/clinical/rules/', import.meta.url);
    const sources = readdirSync(dir)
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => readFileSync(new URL(name, dir), 'utf8'))
      .join('\n');
    for (const id of RULE_IDS) {
      assert.ok(
        sources.includes(`describe('${id}'`),
        `no describe('${id}', ...) block in src/clinical/rules/*.test.ts`,
      );
    }
  });
});
