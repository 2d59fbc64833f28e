import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { TransactionsModule } from '../transactions/transactions.module';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionCancelsService } from './subscription-cancels.service';
import { SubscriptionChangesService } from './subscription-changes.service';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  imports: [CouponsModule, InvoicesModule, TransactionsModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsService, SubscriptionChangesService, SubscriptionCancelsService],
  exports: [SubscriptionsService],
})
export class SubscriptionsModule {}
