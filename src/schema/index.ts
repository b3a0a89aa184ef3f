/**
 * Loads every type file, then builds the schema. Each file also loads alone, in any order
 * (test/unit/schema-modules.test.ts): a file reads another's refs while loading only when that
 * file cannot import it back; refs of files in an import circle with it, only inside fields.
 */
import { builder } from './builder.js';
import './affiliation.js';
import './chatroom.js';
import './chatroom-attributes.js';
import './chatroom-events.js';
import './chatroom-members.js';
import './chatroom-messages.js';
import './chatroom-moderation.js';
import './chatroom-mutations.js';
import './chatroom-permissions.js';
import './chatroom-roles.js';
import './pagination.js';
import './subscriptions.js';
import './super-admins.js';
import './user.js';

export const schema = builder.toSchema({ sortSchema: true });
