import { encodeObject } from 'src/apiserver/protobuf/codec';

/** Protobuf for an object, or undefined when some value does not fit its schema (JSON is then sent). */
export function tryEncode(obj: Record<string, unknown>): Buffer | undefined {
  try {
    return encodeObject(obj);
  } catch {
    return undefined;
  }
}
