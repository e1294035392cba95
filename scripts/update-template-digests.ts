#!/usr/bin/env node
/** Rewrites test/fixtures/template-digests.json (`npm run digests:update`); prints what changed. */
import * as fs from 'fs';
import { computeTemplateDigests, diffDigests, DIGESTS_FILE, type TemplateDigests } from '../test/support/template-digests';

const before: TemplateDigests = fs.existsSync(DIGESTS_FILE) ? JSON.parse(fs.readFileSync(DIGESTS_FILE, 'utf8')) : {};
const after = computeTemplateDigests();
fs.writeFileSync(DIGESTS_FILE, `${JSON.stringify(after, null, 1)}\n`);
const changes = diffDigests(before, after);
process.stdout.write(changes.length ? `${changes.join('\n')}\n${changes.length} change(s) written to ${DIGESTS_FILE}\n` : 'no change\n');
