import { EVENT_TYPES } from '@billy/persistence';
import { EventSchema } from './event.schema';

describe('EventSchema', () => {
  it('should give every event type Billy writes exactly one shape', () => {
    const typesOfShapes = EventSchema.anyOf.flatMap(
      (shape) => (shape.properties.type as unknown as { enum: string[] }).enum,
    );

    expect([...typesOfShapes].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('should carry the resource its type names in data', () => {
    const invoiceEvents = EventSchema.anyOf.find((shape) =>
      (shape.properties.type as unknown as { enum: string[] }).enum.includes('invoice.settled'),
    );

    expect(invoiceEvents?.properties.data).toMatchObject({ $ref: '#/components/schemas/Invoice' });
  });
});
