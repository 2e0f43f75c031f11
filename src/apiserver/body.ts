import { parse as parseYaml } from 'yaml';
import { decodeObject as decodeProtobuf, PROTOBUF_MEDIA_TYPE } from 'src/apiserver/protobuf/codec';
import { ProtobufDecodeError } from 'src/apiserver/protobuf/errors';
import { badRequest, unsupportedMediaType } from 'src/apiserver/status';

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Parses JSON text, turning syntax errors into a 400 that says what is wrong. */
export function parseJson(text: string, what = 'the request body'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding ${what}: json parse error: ${(err as Error).message}`);
  }
}

/** Parses one YAML document, turning syntax errors into a 400. */
export function parseYamlDocument(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch (err) {
    throw badRequest(`error decoding YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * Decodes a create/update body (JSON, or YAML which upstream also accepts) into an object.
 * Anything that is not an object with a metadata object is a 400, never a crash.
 */
export function decodeObject(body: Buffer | undefined, contentType: string | undefined): Record<string, any> {
  const type = mediaType(contentType);
  if (!body || body.length === 0) {
    throw badRequest('the request body is empty; an object is required');
  }
  let value: unknown;
  if (type === '' || type === 'application/json' || type === '*/*') {
    value = parseJson(body.toString('utf8'));
  } else if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    value = parseYamlDocument(body.toString('utf8'));
  } else if (type === PROTOBUF_MEDIA_TYPE) {
    value = fromProtobuf(body);
  } else {
    throw unsupportedMediaType();
  }
  return asObject(value);
}

/** Checks that a decoded body is a Kubernetes object (a JSON object whose metadata is an object). */
export function asObject(value: unknown): Record<string, any> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`the body of the request must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const obj = value as Record<string, any>;
  if (obj.metadata === undefined || obj.metadata === null) {
    obj.metadata = {};
  }
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
    throw badRequest('metadata must be an object');
  }
  return obj;
}

/** Decodes an optional JSON body (DeleteOptions may be absent, empty, or `{}`). */
export function decodeOptional(body: Buffer | undefined, contentType: string | undefined): Record<string, any> | undefined {
  if (!body || body.length === 0 || body.toString('utf8').trim() === '') {
    return undefined;
  }
  const type = mediaType(contentType);
  const value = type === PROTOBUF_MEDIA_TYPE ? fromProtobuf(body) : type.includes('yaml') ? parseYamlDocument(body.toString('utf8')) : parseJson(body.toString('utf8'));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('the body of the request must be a JSON object');
  }
  return value as Record<string, any>;
}

/**
 * Decodes a `k8s\0`-enveloped protobuf body into the JSON object the same client would have sent
 * as JSON; malformed protobuf is a 400 that says what is wrong.
 */
function fromProtobuf(body: Buffer): Record<string, unknown> {
  try {
    return decodeProtobuf(body).object;
  } catch (err) {
    if (err instanceof ProtobufDecodeError) {
      throw badRequest(`error decoding the protobuf request body: ${err.message}`);
    }
    throw err;
  }
}
