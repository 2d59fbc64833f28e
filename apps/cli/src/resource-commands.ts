import { Command, InvalidArgumentError, Option } from 'commander';
import type { PageList } from '@billy/client';
import { billyClient, type ConnectionOptions } from './billy-client';
import { printList, printOne, type OutputOptions } from './output';
import type { CommandSpec, FlagSpec, ResourceSpec } from './resource-specs';

type GlobalOptions = ConnectionOptions & OutputOptions;
type SdkCall = (...args: unknown[]) => Promise<unknown> & Partial<PageList<Record<string, unknown>>>;

const integer = (value: string): number => {
  if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError('Not an integer.');
  return Number(value);
};

/** `-d field=value`: any other field of the API; integers and true/false are sent as such. */
function dataField(pair: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const at = pair.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('Give field=value.');
  const [field, text] = [pair.slice(0, at), pair.slice(at + 1)];
  const value = /^-?\d+$/.test(text) ? Number(text) : text === 'true' ? true : text === 'false' ? false : text;
  return { ...fields, [field]: value };
}

function flagOption(flag: FlagSpec): Option {
  const option = new Option(flag.flags, flag.description);
  if (flag.required) option.makeOptionMandatory();
  if (flag.kind === 'integer') option.argParser(integer);
  if (flag.kind === 'list') option.argParser((value: string) => value.split(',').map((type) => type.trim()));
  return option;
}

/** The fields the flags set, by their API names. */
function fieldsOf(flags: FlagSpec[], options: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = { ...(options.data as Record<string, unknown> | undefined) };
  for (const flag of flags) {
    const value = options[new Option(flag.flags).attributeName()];
    if (value !== undefined) fields[flag.field] = value;
  }
  if (options.limit !== undefined) fields.limit = options.limit;
  if (options.startingAfter !== undefined) fields.starting_after = options.startingAfter;
  return fields;
}

function resourceCommand(resource: ResourceSpec, name: string, spec: CommandSpec): Command {
  const command = new Command(name).description(spec.summary);
  if (spec.named) command.argument('<guid>', 'The GUID');
  for (const flag of spec.flags ?? []) command.addOption(flagOption(flag));
  if (spec.list) {
    command
      .option('--limit <n>', 'Rows per page (at most 100)', integer)
      .option('--starting-after <guid>', 'The page after this row')
      .option('--all', 'Every row, page after page');
  } else if (!spec.query && name !== 'get' && name !== 'delete') {
    command.option('-d, --data <field=value>', 'Any other field of the API (repeatable)', dataField);
  }
  command.action(async (...args: unknown[]) => {
    const self = args.at(-1) as Command;
    const options = self.opts<Record<string, unknown>>();
    const global = self.optsWithGlobals<GlobalOptions>();
    const namespace = (billyClient(global) as unknown as Record<string, Record<string, SdkCall>>)[resource.sdk];
    const fields = fieldsOf(spec.flags ?? [], options);
    const callArgs = [
      ...(spec.named ? [args[0]] : []),
      ...(Object.keys(fields).length > 0 || spec.list ? [fields] : []),
    ];
    const answer = namespace[spec.method](...callArgs);
    if (!spec.list) {
      printOne(await answer, global);
      return;
    }
    const items: Record<string, unknown>[] = [];
    if (options.all) {
      for await (const item of answer as AsyncIterable<Record<string, unknown>>) items.push(item);
    } else {
      items.push(...((await answer) as { items: Record<string, unknown>[] }).items);
    }
    printList(items, spec.columns ?? resource.columns, global);
  });
  return command;
}

/** `billy <resource> <command>` for each resource of the specs. */
export function resourceCommands(resources: ResourceSpec[]): Command[] {
  return resources.map((resource) => {
    const group = new Command(resource.name).description(resource.summary);
    for (const [name, spec] of Object.entries(resource.commands))
      group.addCommand(resourceCommand(resource, name, spec));
    return group;
  });
}
