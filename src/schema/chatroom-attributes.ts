/**
 * Room attributes (聊天室属性): key-value pairs a room's members keep on it, up to 100, how
 * voice-room and live-stream apps hold room state (mic seats, topics, game state). Reading them
 * is one call per room; each key's owner stays Easemob's to know.
 */
import { getAttributes } from '../easemob/attributes.js';
import { limits } from '../easemob/limits.js';
import { anyRow } from '../upstream-cost.js';
import { builder } from './builder.js';
import { Chatroom } from './chatroom.js';
import * as rules from './validation.js';

interface AttributeModel {
  key: string;
  value: string;
}

export const ChatroomAttribute = builder.objectRef<AttributeModel>('ChatroomAttribute').implement({
  description: 'One of a room\'s attributes: a key a member set, and its value.',
  fields: (t) => ({
    key: t.exposeString('key', { description: `The key: ${rules.attributeKeyRule}.` }),
    value: t.exposeString('value', { description: `The value, at most ${limits.attributeValueLength} characters.` }),
  }),
});

builder.objectFields(Chatroom, (t) => ({
  attributes: t.field({
    type: [ChatroomAttribute],
    nullable: { list: true, items: false },
    description:
      `The room's attributes (at most ${limits.attributesMax}), by key: those of \`keys\`, or all. One upstream call per room. ` +
      'Anyone who may read the room may read them. A key the room does not hold is left out.',
    upstreamCost: { calls: 1, items: limits.attributesMax, inRows: anyRow },
    args: { keys: t.arg.stringList({ required: false, validate: rules.attributeKeys, description: 'The keys to read; all when left out.' }) },
    resolve: async (room, { keys }, ctx) => {
      const values = await getAttributes(ctx.easemob, room.id, keys ?? undefined);
      return Object.entries(values).map(([key, value]) => ({ key, value }));
    },
  }),
}));
