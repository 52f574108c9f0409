import { ShopConnection } from './shop-connection.entity';
import { ShopCustomer } from './shop-customer.entity';
import { ShopEvent } from './shop-event.entity';
import { ShopOrder } from './shop-order.entity';

export const SHOP_ENTITIES = [ShopConnection, ShopEvent, ShopOrder, ShopCustomer];
