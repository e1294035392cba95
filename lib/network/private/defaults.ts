/** Defaults shared by the Network construct and its validation. */

/** Availability Zones a new VPC spans without a plan: three, so losing one leaves two thirds of the capacity. */
export const DEFAULT_AZ_COUNT = 3;
