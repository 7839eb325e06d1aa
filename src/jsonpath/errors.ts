/** Where a JSONPath failure happened: while parsing the template or while executing it. */
export type JsonPathErrorPhase = 'parse' | 'execute';

/**
 * A template kubectl would reject, or an evaluation kubectl would abort.
 *
 * `message` carries kubectl's own wording without its prefix (kubectl prints
 * `error parsing jsonpath <tmpl>, <message>` and `Error executing template: <message>.`), so
 * checks can show learners the same text their terminal shows. `position` is a 0-based index
 * into the template (UTF-16 units) of the construct at fault, which kubectl itself never gives.
 */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';

  constructor(
    message: string,
    readonly position: number,
    readonly phase: JsonPathErrorPhase = 'parse',
  ) {
    super(message);
  }
}
