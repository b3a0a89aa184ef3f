/** Loads every type file, then builds the schema. */
import { builder } from './builder.js';
import './affiliation.js';
import './chatroom.js';
import './chatroom-members.js';
import './chatroom-moderation.js';
import './chatroom-mutations.js';
import './chatroom-roles.js';
import './pagination.js';
import './super-admins.js';
import './user.js';

export const schema = builder.toSchema({ sortSchema: true });
