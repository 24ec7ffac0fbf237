/** Collects positional parameters while SQL text is assembled. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Quotes an identifier that has already been checked against the model's fields. */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`Unsafe SQL identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

let aliasSeq = 0;
export function newAlias(prefix = 't'): string {
  aliasSeq = (aliasSeq + 1) % 1_000_000;
  return `${prefix}${aliasSeq}`;
}
