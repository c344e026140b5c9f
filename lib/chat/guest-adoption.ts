// Sign-up keeps the guest's chats: chat's part of a guest conversion, registered with auth's
// conversion hooks so that auth converts the guest without importing chat. The sign-up route
// registers it before it can convert anyone.
import { onGuestConversion } from "@/lib/auth/guest-conversion";
import { adoptGuestConversations } from "@/lib/chat/conversations";

export function registerGuestAdoption(): void {
  onGuestConversion("conversations", async (db, input) => (await adoptGuestConversations(db, input)).moved);
}
