export { KafkaUsers } from "./kafka-users";
export type { KafkaUsersArgs } from "./kafka-users";
export { applyUserArgs, userJob, userObjectName } from "./job";
