/** A user's role in a room. */
import { builder } from './builder.js';
import { connection } from './pagination.js';
import { User } from './user.js';

export const AffiliationRole = builder.enumType('AffiliationRole', {
  description: "A user's role in a room.",
  values: {
    OWNER: { description: "The room's owner: one per room. Only the owner (or an admin) may change or delete the room." },
    ADMIN: {
      description:
        "One of the room's admins (Chatroom.admins): it may moderate plain members. Told by Chatroom.viewerRole; a " +
        "room's memberList says MEMBER for them, since Easemob's member list does not tell admins apart.",
    },
    MEMBER: { description: 'In the room, not its owner (nor, in viewerRole, one of its admins).' },
  } as const,
});

export interface AffiliationModel {
  role: 'OWNER' | 'ADMIN' | 'MEMBER';
  username: string;
}

export const Affiliation = builder.objectRef<AffiliationModel>('Affiliation').implement({
  description: 'A user in a room, with their role.',
  fields: (t) => ({
    role: t.field({ type: AffiliationRole, description: "The user's role in the room.", resolve: (a) => a.role }),
    user: t.field({ type: User, description: 'The user.', resolve: (a) => ({ username: a.username }) }),
  }),
});

/** Pages of a room's owner and members (Chatroom.memberList). */
export const { Connection: AffiliationConnection } = connection(Affiliation, 'Affiliation', [
  'user in a room',
  'users in a room',
]);
