/** A user's role in a room. */
import { builder } from './builder.js';
import { User } from './user.js';

export const AffiliationRole = builder.enumType('AffiliationRole', { values: ['OWNER', 'MEMBER'] as const });

export interface AffiliationModel {
  role: 'OWNER' | 'MEMBER';
  username: string;
}

export const Affiliation = builder.objectRef<AffiliationModel>('Affiliation').implement({
  fields: (t) => ({
    role: t.field({ type: AffiliationRole, resolve: (a) => a.role }),
    user: t.field({ type: User, resolve: (a) => ({ username: a.username }) }),
  }),
});
