/**
 * Which ad-hoc statements `crashscope sql` lets through (docs/ARCHITECTURE.md "How the store is opened").
 *
 * The store is opened in DuckDB's sandbox for `sql` (no file or network access besides the store, no
 * extensions, configuration locked: `openDb({ sandbox: true })`); this check comes first and decides the
 * statement's type without binding, preparing or running it on the store, because preparing alone has
 * side effects (`EXPORT DATABASE` creates its folder when prepared). It uses a separate, empty, sandboxed
 * in-memory DuckDB whose parser answers two questions: how many statements the text holds
 * (`extract_statements`, parse only) and whether it is one SELECT (`json_serialize_sql` serializes only
 * SELECT statements, which in DuckDB include WITH, VALUES, FROM-first, TABLE, DESCRIBE, SHOW and SUMMARIZE).
 * EXPLAIN (without ANALYZE, which runs the statement) and a short list of read-only PRAGMAs are
 * recognised by reading the first tokens with the small lexer below (comments and quotes handled).
 *
 * json_serialize_sql: https://duckdb.org/docs/stable/data/json/sql_to_and_from_json
 */
import { InvalidInputError } from '../errors.js';
import { openDb, sqlString } from './db.js';

/** PRAGMAs that only read the catalog (DuckDB docs, "Pragmas"); every other PRAGMA is refused. */
const READ_PRAGMAS = new Set([
  'collations',
  'database_list',
  'database_size',
  'functions',
  'metadata_info',
  'platform',
  'show',
  'show_databases',
  'show_tables',
  'show_tables_expanded',
  'storage_info',
  'table_info',
  'version',
]);

/** A token of SQL text: a word (keyword or bare identifier), a quoted name, a string, a number or a symbol. */
export interface Token {
  readonly kind: 'word' | 'name' | 'string' | 'number' | 'symbol';
  readonly text: string;
  /** Offset of the token's first character in the text. */
  readonly start: number;
  /** Offset just past the token. */
  readonly end: number;
}

/** Offset just past the comments and white space that start at `i` (block comments nest, as in DuckDB). */
function skipBlank(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      let depth = 0;
      while (i < sql.length) {
        if (sql.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (sql.startsWith('*/', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth !== 0) return sql.length;
    } else return i;
  }
}

/** End of a quoted run starting at `i` (quote char doubled inside to escape it), or the text's end. */
function quotedEnd(sql: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return sql.length;
}

/**
 * The first `max` tokens of `sql`, comments skipped. Enough to read a statement's leading keywords.
 * @example lexSql("/* x *\/ EXPLAIN (FORMAT json) SELECT 1", 3).map((t) => t.text) // ['EXPLAIN', '(', 'FORMAT']
 */
export function lexSql(sql: string, max = Number.POSITIVE_INFINITY): Token[] {
  const out: Token[] = [];
  let i = skipBlank(sql, 0);
  while (i < sql.length && out.length < max) {
    const c = sql[i]!;
    let end: number;
    let kind: Token['kind'];
    if (c === "'") {
      kind = 'string';
      end = quotedEnd(sql, i, "'");
    } else if (c === '"') {
      kind = 'name';
      end = quotedEnd(sql, i, '"');
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      kind = 'word';
      end = i + 1;
      while (end < sql.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[end]!)) end++;
    } else if (/[0-9]/.test(c)) {
      kind = 'number';
      end = i + 1;
      while (end < sql.length && /[0-9.eE_]/.test(sql[end]!)) end++;
    } else {
      kind = 'symbol';
      end = i + 1;
    }
    out.push({ kind, text: sql.slice(i, end), start: i, end });
    i = skipBlank(sql, end);
  }
  return out;
}

function refuse(query: string, why: string): InvalidInputError {
  const head = lexSql(query, 2)
    .map((t) => t.text)
    .join(' ');
  return new InvalidInputError(
    'read_only',
    `sql is read-only: '${head} ...' is refused (${why}); use SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN`,
    { details: { query } },
  );
}

/**
 * Throws InvalidInputError unless `query` is exactly one statement of an allowed type: a SELECT in any of
 * DuckDB's spellings, EXPLAIN of one (not EXPLAIN ANALYZE), or a read-only PRAGMA. Nothing is bound,
 * prepared or run on the store; the text is only parsed, by an empty sandboxed in-memory DuckDB.
 * @example await checkReadOnlySql('DELETE FROM bars') // throws InvalidInputError 'read_only'
 */
export async function checkReadOnlySql(query: string): Promise<void> {
  const parser = await openDb(':memory:', { sandbox: true });
  try {
    let count: number;
    try {
      count = await parser.statementCount(query);
    } catch (error) {
      const text = error instanceof Error ? error.message.replace(/^store: /, '') : String(error);
      throw new InvalidInputError(
        'bad_sql',
        `sql: ${text.replace(/^Failed to extract statements: /, '').split('\n')[0]}`,
        { cause: error, details: { query } },
      );
    }
    if (count !== 1) {
      throw new InvalidInputError('bad_sql', `sql: expected exactly one statement, got ${count}`, {
        details: { query, statements: count },
      });
    }
    /** True when `text` parses as exactly one SELECT statement. */
    const isOneSelect = async (text: string): Promise<boolean> => {
      const rows = await parser.all(`SELECT json_serialize_sql(${sqlString(text)}) AS j`);
      const parsed = JSON.parse(String(rows[0]?.j)) as { error?: boolean; statements?: unknown[] };
      return parsed.error === false && parsed.statements?.length === 1;
    };
    const tokens = lexSql(query, 64);
    const first = tokens[0]?.kind === 'word' ? tokens[0].text.toUpperCase() : '';
    if (first === 'EXPLAIN') {
      let k = 1;
      const options: string[] = [];
      const word = (t: Token | undefined): string => (t?.kind === 'word' ? t.text.toUpperCase() : '');
      if (word(tokens[k]) === 'ANALYZE' || word(tokens[k]) === 'ANALYSE') {
        throw refuse(query, 'EXPLAIN ANALYZE runs the statement');
      }
      if (tokens[k]?.text === '(') {
        k++;
        while (k < tokens.length && tokens[k]!.text !== ')') {
          const t = tokens[k]!;
          if (t.kind === 'word' || t.kind === 'string') options.push(t.text.toUpperCase());
          else if (t.text !== ',') throw refuse(query, `EXPLAIN option '${t.text}' is not understood`);
          k++;
        }
        if (tokens[k]?.text !== ')') throw refuse(query, 'EXPLAIN options are not closed');
        k++;
      }
      if (options.some((o) => /^'?ANALY[SZ]E'?$/.test(o))) {
        throw refuse(query, 'EXPLAIN ANALYZE runs the statement');
      }
      const rest = tokens[k];
      if (rest === undefined || !(await isOneSelect(query.slice(rest.start)))) {
        throw refuse(query, 'EXPLAIN is allowed of a SELECT only');
      }
      return;
    }
    if (first === 'PRAGMA') {
      const all = lexSql(query);
      const name = all[1]?.kind === 'word' ? all[1].text.toLowerCase() : '';
      let k = 2;
      if (all[k]?.text === '(') {
        k++;
        while (k < all.length && all[k]!.text !== ')') {
          const t = all[k]!;
          if (t.kind === 'symbol' && t.text !== ',' && t.text !== '.') {
            throw refuse(query, `PRAGMA argument '${t.text}' is not a name or a value`);
          }
          k++;
        }
        k++;
      }
      if (all[k]?.text === ';') k++;
      if (!READ_PRAGMAS.has(name) || k !== all.length) {
        throw refuse(query, `only the read-only PRAGMAs ${[...READ_PRAGMAS].join(', ')} are allowed`);
      }
      return;
    }
    if (!(await isOneSelect(query))) throw refuse(query, 'not a SELECT');
  } finally {
    parser.close();
  }
}
