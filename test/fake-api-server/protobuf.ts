/**
 * Just enough protobuf to read the SelfSubjectAccessReview kubectl POSTs: client-go sends
 * authorization requests as `application/vnd.kubernetes.protobuf` (a `k8s\0` envelope around an
 * `Unknown{typeMeta=1, raw=2}` message), not JSON.
 */
type Fields = Map<number, Buffer[]>;

function readVarint(buf: Buffer, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    const byte = buf[pos++];
    if (byte === undefined) throw new Error('truncated varint');
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, pos];
    shift += 7;
  }
}

/** Length-delimited fields by number (varint fields are skipped: the review only needs strings and messages). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    const wire = key & 7;
    const field = Math.floor(key / 8);
    if (wire === 0) {
      pos = readVarint(buf, afterKey)[1];
    } else if (wire === 2) {
      const [length, start] = readVarint(buf, afterKey);
      out.set(field, [...(out.get(field) ?? []), buf.subarray(start, start + length)]);
      pos = start + length;
    } else {
      throw new Error(`unsupported wire type ${wire}`);
    }
  }
  return out;
}

const str = (f: Fields, n: number): string => f.get(n)?.[0]?.toString('utf8') ?? '';

/** Decodes `spec.resourceAttributes` of a protobuf SelfSubjectAccessReview. */
export function decodeAccessReview(body: Buffer): Record<string, string> {
  const payload = body.subarray(0, 4).toString('latin1') === 'k8s\0' ? body.subarray(4) : body;
  const raw = fields(payload).get(2)?.[0];
  if (!raw) throw new Error('no raw object in protobuf envelope');
  const spec = fields(raw).get(2)?.[0];
  const attrs = spec ? fields(spec).get(1)?.[0] : undefined;
  if (!attrs) return {};
  const a = fields(attrs);
  return { namespace: str(a, 1), verb: str(a, 2), group: str(a, 3), version: str(a, 4), resource: str(a, 5), subresource: str(a, 6), name: str(a, 7) };
}
