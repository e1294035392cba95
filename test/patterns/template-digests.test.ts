/**
 * Byte-identity of what users deploy: the templates of every example workload, with and without a domain,
 * equal the committed digests (test/fixtures/template-digests.json). A difference names the stack and the
 * resource; after an intended change, `npm run digests:update` and say why in the commit.
 */
import * as fs from 'fs';
import { computeTemplateDigests, diffDigests, DIGESTS_FILE } from '../support/template-digests';

test('every example synthesizes to the committed template digests (logical IDs and properties unchanged)', () => {
  const expected = JSON.parse(fs.readFileSync(DIGESTS_FILE, 'utf8'));
  const differences = diffDigests(expected, computeTemplateDigests());
  expect(differences).toEqual([]);
});
