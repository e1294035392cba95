/**
 * `cdk-scale simulate`: replays the canonical scenarios through SLO burn-rate alarms — the library's defaults for an
 * SLO and period, or the alarms of a synthesized stack (`--app cdk.out --stack NAME`) — and prints, per alert, the
 * analytic time to detect, the simulated one without and with ingestion delay, the budget used, the time to reset and
 * the notification.
 */
import {
  alarmDefinitionsFromTemplate,
  buildAlarmDefinitions,
  canonicalScenariosJson,
  checkSlo,
  computeTiers,
  renderCanonicalScenarios,
  scaledTierSpecs,
  SLO_TIER_PRESETS,
  type ParsedSloAlarms,
  type SloAlarmDefinitions,
  type SloTierPreset,
} from '../../lib/slo';
import { readAssemblyStacks } from '../cloud-assembly';
import { UserInputError } from '../workload-file';
import type { CliCommand, OptionValues } from './command';
import { checkTierPreset } from '../../lib/slo/burn-rate';
import { DEFAULT_REPORT_INGESTION_DELAY_MINUTES } from '../../lib/slo/scenarios';

const FORMATS = ['table', 'json'] as const;
const MAX_INGESTION_DELAY_MINUTES = 60;

export const simulateCommand: CliCommand = {
  name: 'simulate',
  synopsis: 'simulate',
  summary: [
    'Replay the canonical SLO scenarios through the burn-rate alarms (the defaults for an SLO, or the',
    'alarms of a synthesized stack) and print, per alert, the analytic and simulated time to detect',
    '(with and without ingestion delay), budget used, time to reset and the notification.',
  ].join('\n'),
  options: {
    availability: { type: 'string' },
    period: { type: 'string' },
    tiers: { type: 'string' },
    app: { type: 'string' },
    stack: { type: 'string' },
    format: { type: 'string' },
    'ingestion-delay': { type: 'string' },
  },
  optionsHelp: [
    '  --availability <a>     SLO target in (0.5, 1) (default 0.999).',
    '  --period <days>        SLO period in whole days, 7 to 365 (default 30).',
    `  --tiers <preset>       Default tiers: ${SLO_TIER_PRESETS.join(' (default) or ')} (adds a burn-3 ticket).`,
    '  --app <dir>            Replay the alarms of a synthesized cloud assembly (e.g. cdk.out) instead of the',
    '                         defaults: every SloAlarms of every stack, or of --stack.',
    '  --stack <name>         With --app: only this stack (artifact id, stack name or construct path).',
    `  --ingestion-delay <m>  Minutes from a datapoint's minute to the evaluation that sees it, for the`,
    `                         "with delay" column (default ${DEFAULT_REPORT_INGESTION_DELAY_MINUTES}, an assumption: AWS publishes no figure; 0 to ${MAX_INGESTION_DELAY_MINUTES}).`,
    '  --format <f>           table (default) or json.',
  ].join('\n'),
  examples: ['cdk-scale simulate --availability 0.9995 --period 28', 'cdk synth && cdk-scale simulate --app cdk.out --stack MyApp-Primary --format json'],
  run(values, positionals, out) {
    if (positionals.length > 0) throw new UserInputError(`simulate takes no arguments, got ${positionals.join(' ')}; run cdk-scale --help`);
    const format = (values.format ?? 'table') as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UserInputError(`--format must be one of ${FORMATS.join(', ')} for simulate, got "${values.format}"`);
    const delay = ingestionDelay(values['ingestion-delay']);
    const options = { ingestionDelayMinutes: delay };
    const targets = values.app !== undefined ? fromAssembly(values) : [{ label: undefined, definitions: fromOptions(values) }];
    if (format === 'json') {
      out(`${JSON.stringify(targets.map((t) => canonicalScenariosJson(t.definitions, options, t.label)), null, 2)}\n`);
    } else {
      out(`${targets.map((t) => renderCanonicalScenarios(t.definitions, options, t.label)).join('\n\n')}\n`);
    }
    return 0;
  },
};

function ingestionDelay(text: string | boolean | undefined): number {
  if (text === undefined) return DEFAULT_REPORT_INGESTION_DELAY_MINUTES;
  const n = Number(text);
  if (!(typeof text === 'string' && /^\d+$/.test(text) && n <= MAX_INGESTION_DELAY_MINUTES)) {
    throw new UserInputError(`--ingestion-delay ${String(text)}: must be a whole number of minutes from 0 to ${MAX_INGESTION_DELAY_MINUTES}`);
  }
  return n;
}

/** The default alarms for --availability, --period and --tiers, checked with the workload's own rules and messages. */
function fromOptions(values: OptionValues): SloAlarmDefinitions {
  if (values.stack !== undefined) throw new UserInputError('--stack needs --app (the cloud assembly to read it from)');
  const availability = values.availability === undefined ? 0.999 : Number(values.availability);
  const periodDays = values.period === undefined ? 30 : Number(values.period);
  const preset = values.tiers as SloTierPreset | undefined;
  const problems = [...checkSlo(availability, periodDays, ''), ...checkTierPreset(preset, '.tiers')];
  if (problems.length > 0) {
    const given: Record<string, unknown> = { '.availability': values.availability, '.periodDays': values.period, '.tiers': values.tiers };
    const option = (p: string) => (p.endsWith('availability') ? '--availability' : p.endsWith('periodDays') ? '--period' : '--tiers');
    throw new UserInputError(problems.map((p) => `${option(p.path)} ${String(given[p.path])}: ${p.message}`).join('\n'));
  }
  return buildAlarmDefinitions({ availability, periodDays, tiers: computeTiers(availability, periodDays, scaledTierSpecs(availability, periodDays, { preset })) });
}

/** Every SloAlarms of the assembly's stacks (or of --stack), read back from the synthesized templates. */
function fromAssembly(values: OptionValues): Array<{ label: string; definitions: SloAlarmDefinitions }> {
  const conflicting = (['availability', 'period', 'tiers'] as const).filter((o) => values[o] !== undefined).map((o) => `--${o}`);
  if (conflicting.length > 0) {
    throw new UserInputError(`${conflicting.join(' and ')} ${conflicting.length > 1 ? 'do' : 'does'} not apply with --app: the SLO and its alarms come from the template`);
  }
  const app = values.app as string;
  const stacks = readAssemblyStacks(app, values.stack as string | undefined);
  const out: Array<{ label: string; definitions: SloAlarmDefinitions }> = [];
  for (const s of stacks) {
    let parsed: ParsedSloAlarms[];
    try {
      parsed = alarmDefinitionsFromTemplate(s.template);
    } catch (e) {
      throw new UserInputError(`${s.artifactId}: cannot read its SLO alarms: ${(e as Error).message}`);
    }
    for (const p of parsed) out.push({ label: `${s.stackName} ${p.constructPath}`, definitions: p.definitions });
  }
  if (out.length === 0) {
    const where = values.stack !== undefined ? `stack ${String(values.stack)}` : `any stack of ${app}`;
    throw new UserInputError(`no SloAlarms in ${where} (the alarms carry cdk-scale:slo-alarm metadata; was the assembly synthesized with this library?)`);
  }
  return out;
}
