/** Defaults shared by the Network construct and its validation. */
import type { InterfaceEndpointService } from '../../capacity/sizing';

/** Availability Zones a new VPC spans without a plan: three, so losing one leaves two thirds of the capacity. */
export const DEFAULT_AZ_COUNT = 3;

/** The interface endpoint services a Network can build (the values of `NetworkProps.interfaceEndpoints`). */
export const INTERFACE_ENDPOINT_SERVICES: readonly InterfaceEndpointService[] = ['sqs'];
