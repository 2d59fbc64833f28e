import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { TransactionsModule } from '../transactions/transactions.module';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  imports: [InvoicesModule, TransactionsModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsService],
  exports: [SubscriptionsService],
})
export class SubscriptionsModule {}
