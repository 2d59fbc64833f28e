import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module';
import { TransactionsModule } from '../transactions/transactions.module';
import { InvoicesController } from './invoices.controller';
import { InvoiceChargesService } from './invoice-charges.service';
import { InvoicesService } from './invoices.service';

@Module({
  imports: [CouponsModule, TransactionsModule],
  controllers: [InvoicesController],
  providers: [InvoicesService, InvoiceChargesService],
  exports: [InvoicesService],
})
export class InvoicesModule {}
