import { Module } from '@nestjs/common';
import { X3TransportFactory } from './x3-transport.factory';

@Module({ providers: [X3TransportFactory], exports: [X3TransportFactory] })
export class SageX3ConnectorModule {}
