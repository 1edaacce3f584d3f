import type { Command } from 'commander';
import { providers } from '../../data/providers/registry.js';
import { type Provider, sourceOf } from '../../data/providers/types.js';
import { type CliIo, printJson } from '../io.js';

/**
 * What `crashscope providers --json` prints for one provider: its metadata and, per dataset, the model
 * and columns it fills and the flags it takes.
 * @example describeProvider(coinbase).datasets[0].model // 'bars'
 */
export function describeProvider(p: Provider) {
  return {
    name: p.name,
    title: p.title,
    description: p.description,
    docs: p.docs,
    baseUrl: p.baseUrl,
    rateLimit: p.rateLimit,
    credentials: p.credentials,
    vendorErrorCodes: p.vendorErrors.codes,
    datasets: Object.entries(p.datasets).flatMap(([name, d]) =>
      d === undefined
        ? []
        : [
            {
              name,
              model: d.model,
              description: d.description,
              endpoint: d.endpoint,
              source: sourceOf(p, d),
              quality: d.quality ?? 'observed',
              fills: d.fills,
              flags: d.flags,
              params: d.params ?? [],
            },
          ],
    ),
  };
}

/** `crashscope providers [--json]`: the live data providers, their datasets and what each fills. */
export function registerProviders(program: Command, io: CliIo): void {
  program
    .command('providers')
    .description('list the live data providers, their datasets and the columns each fills')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const list = providers.map(describeProvider);
      if (flags.json) {
        printJson(io, list);
        return;
      }
      const out: string[] = [];
      for (const p of list) {
        const creds =
          p.credentials.length === 0
            ? 'no key needed'
            : `credentials: ${p.credentials.map((c) => c.env).join(', ')}`;
        out.push(`${p.name} — ${p.title}: ${p.description}`);
        out.push(`  ${p.baseUrl}, at most ${p.rateLimit.perSecond} requests/s, ${creds}; docs: ${p.docs}`);
        for (const d of p.datasets) {
          out.push(`  ${d.name}: ${d.description}`);
          out.push(
            `    fills ${d.model}: ${d.fills.join(', ')} (source '${d.source}', quality ${d.quality})`,
          );
          for (const [flag, help] of Object.entries(d.flags)) out.push(`    --${flag.padEnd(9)} ${help}`);
          for (const param of d.params) out.push(`    --param ${param.name}=...  ${param.description}`);
        }
      }
      out.push('usage: crashscope ingest <provider> <dataset> [flags]   (crashscope ingest --help)');
      io.stdout(`${out.join('\n')}\n`);
    });
}
