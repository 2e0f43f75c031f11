export * from 'src/db/schema/columns';
export * from 'src/db/schema/objects';
export * from 'src/db/schema/events';
export * from 'src/db/schema/counter';
