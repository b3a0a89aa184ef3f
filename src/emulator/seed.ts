/** Demo users and rooms, the same on every start so examples and tests can name them. */
import type { Store } from './store.js';

export const demoUsers = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi',
  'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil',
  'trent', 'victor', 'walter', 'xiaoming', 'xiaohong', 'zhangsan', 'lisi', 'wangwu',
];

const topics = [
  'General', 'Random', 'Announcements', 'Frontend', 'Backend', 'Design', 'Music', 'Travel',
  'Books', 'Movies', 'Gaming', 'Food', 'Sports', 'Photography', 'Pets', 'Jobs',
  'Help desk', 'Release train', 'Beijing meetup', 'Shanghai meetup', 'Tea house', 'Night owls',
  'Study group', 'Open source', 'Mobile', 'Cloud', 'Security', 'Data', 'Hardware', 'Off topic',
];

/** The demo users and `rooms` rooms (30 named topics, then numbered ones). */
export function seedDemo(store: Store, rooms = topics.length): void {
  for (const u of demoUsers) store.addUser(u);
  for (let i = 0; i < rooms; i++) {
    const topic = i < topics.length ? topics[i]! : `${topics[i % topics.length]} ${Math.floor(i / topics.length) + 1}`;
    const owner = demoUsers[i % demoUsers.length]!;
    // A few members each, chosen by a fixed stride so rooms differ.
    const members = Array.from({ length: 2 + (i % 5) }, (_, k) => demoUsers[(i * 7 + k * 5 + 1) % demoUsers.length]!);
    store.create({
      name: topic,
      description: `Chatroom about ${topic.toLowerCase()}`,
      maxusers: 200 + 100 * (i % 4),
      owner,
      members,
    });
  }
}
