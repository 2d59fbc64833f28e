import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Company } from '@billy/domain';
import { CallbacksController } from './callbacks.controller';
import { CallbacksService } from './callbacks.service';

@Module({
  imports: [TypeOrmModule.forFeature([Company])],
  controllers: [CallbacksController],
  providers: [CallbacksService],
})
export class CallbacksModule {}
