import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BillyConnectionError, BillyError, type PageList } from '@billy/client';
import { billyClient, type ConnectionOptions } from './billy-client';
import { integerArgument } from './integer-argument';
import { printList, printOne, type OutputOptions } from './output';
import type { CommandSpec, FlagSpec, ResourceSpec } from './resource-specs';

type GlobalOptions = ConnectionOptions & OutputOptions & { idempotencyKey?: string };
type SdkCall = (...args: unknown[]) => Promise<unknown> & Partial<PageList<Record<string, unknown>>>;

const integer = integerArgument();

/** `-d field=value` sends text as it is; `-d field:=json` sends a number, true, null, an array as JSON says. */
function dataField(pair: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const at = pair.indexOf('=');
  if (at < 1) throw new InvalidArgumentError('Give field=value, or field:=json.');
  const typed = pair[at - 1] === ':';
  const field = pair.slice(0, typed ? at - 1 : at);
  const text = pair.slice(at + 1);
  if (!typed) return { ...fields, [field]: text };
  try {
    return { ...fields, [field]: JSON.parse(text) as unknown };
  } catch {
    throw new InvalidArgumentError(`${field}:= must be followed by JSON, e.g. 500, true or ["a","b"].`);
  }
}

/** What may have been done although the call failed: no answer, or the server's own failure. */
const mayHaveHappened = (error: unknown) =>
  error instanceof BillyConnectionError || (error instanceof BillyError && error.status >= 500);

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
  // The flags of a command that changes something are its body, which -d extends.
  const takesBody = !spec.list && !spec.query && (spec.flags?.length ?? 0) > 0;
  if (spec.list) {
    command
      .option('--limit <n>', 'Rows per page (at most 100)', integer)
      .option('--starting-after <guid>', 'The page after this row')
      .option('--all', 'Every row, page after page');
  } else if (takesBody) {
    command.option('-d, --data <field=value>', 'Any other field of the API, as text; field:=json for JSON', dataField);
  }
  command.action(async (...args: unknown[]) => {
    const self = args.at(-1) as Command;
    const options = self.opts<Record<string, unknown>>();
    const global = self.optsWithGlobals<GlobalOptions>();
    const namespace = (billyClient(global) as unknown as Record<string, Record<string, SdkCall>>)[resource.sdk];
    const fields = fieldsOf(spec.flags ?? [], options);
    // One key for the call and its retries, that a person can send again: a repeat is then done at most once.
    const idempotencyKey = global.idempotencyKey ?? randomUUID();
    const callArgs = [
      ...(spec.named ? [args[0]] : []),
      ...(takesBody || spec.query ? [fields] : []),
      { idempotencyKey },
    ];
    const answer = namespace[spec.method](...callArgs);
    if (!spec.list) {
      try {
        printOne(await answer, global);
      } catch (error) {
        if (mayHaveHappened(error) && !spec.query) {
          process.stderr.write(
            `It may have been done: to find out, and do it at most once, run the same command with --idempotency-key ${idempotencyKey}\n`,
          );
        }
        throw error;
      }
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
