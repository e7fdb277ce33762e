/**
 * `rollout history`: kubectl's DeploymentHistoryViewer. Without --revision, a REVISION /
 * CHANGE-CAUSE table (Go tabwriter, padding 2); with one, that revision's pod template as
 * `kubectl describe` writes it, tabs left in (kubectl does not align this one). The text follows `deployment.apps/NAME ` on the name line.
 */
import type { RestClient } from '@skiff/client';
import { describePodTemplate } from '../describe/deployment.ts';
import type { Loose } from '../describe/format.ts';
import type { ApiResource } from '../discovery.ts';
import { CliError } from '../errors.ts';
import { goTabwrite, PrefixWriter } from '../printers/go-tabwriter.ts';
import { CHANGE_CAUSE, revisionsOf } from './revisions.ts';

export async function historyText(client: RestClient, replicaSets: ApiResource, d: Loose, revision: number): Promise<string> {
  const revisions = await revisionsOf(client, replicaSets, d);
  const withRevision = revision > 0 ? `with revision #${revision}` : '';
  if (!revisions.length) return `${withRevision}\nNo rollout history found.`;
  if (revision > 0) {
    const found = revisions.findLast((r) => r.revision === revision);
    if (!found) throw new CliError('error: unable to find the specified revision');
    const template = structuredClone(found.rs.spec?.template ?? {});
    const cause = found.rs.metadata.annotations?.[CHANGE_CAUSE];
    if (cause) template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, [CHANGE_CAUSE]: cause } };
    const w = new PrefixWriter();
    describePodTemplate(w, template);
    return `${withRevision}\n${w.untabbed()}`;
  }
  // One line per revision number (a later ReplicaSet with the same number wins, as in Go's map).
  const byRevision = new Map(revisions.map((r) => [r.revision, r.rs]));
  let table = 'REVISION\tCHANGE-CAUSE\n';
  for (const [n, rs] of byRevision) table += `${n}\t${rs.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`;
  return `\n${goTabwrite(table)}`;
}
