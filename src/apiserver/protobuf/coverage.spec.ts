import { hasSchema } from 'src/apiserver/protobuf/codec';
import { createRegistry } from 'src/registry/index';
import { typeForKind } from 'src/schema/schema';

// One list of served types (the registry) drives discovery, OpenAPI and protobuf: adding a
// resource without its protobuf message or its OpenAPI schema fails here.
describe('every served type has a protobuf message and an OpenAPI schema', () => {
  const registry = createRegistry();
  const kinds = registry.resources.flatMap((r) => [
    [r.apiVersion, r.kind],
    ...(r.virtual ? [] : [[r.apiVersion, r.listKind]]),
    // *Options kinds (exec, attach, proxy ...) come from the query string, never from a body.
    ...(r.subresources ?? [])
      .filter((s) => s.kind && !s.kind.kind.endsWith('Options'))
      .map((s) => [`${s.kind!.group ? `${s.kind!.group}/` : ''}${s.kind!.version}`, s.kind!.kind]),
  ]);

  it.each(kinds)('%s %s has a protobuf message', (apiVersion, kind) => {
    expect(hasSchema(apiVersion, kind)).toBe(true);
  });

  it.each(registry.resources.map((r) => [r.group, r.version, r.kind]))('%s/%s %s has an OpenAPI schema', (group, version, kind) => {
    expect(typeForKind(group, version, kind)).toBeDefined();
  });
});
