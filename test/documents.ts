/** Typed documents more than one test file sends (npm run codegen types them in test/gql/). */
import { graphql } from './gql/index.js';

export const RoomName = graphql(`
  query RoomName($id: ID!) { chatroom(id: $id) { id name } }
`);
