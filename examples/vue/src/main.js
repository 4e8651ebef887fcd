import { createApp } from 'vue';
import 'coinspaid-terminal'; // defines <coinspaid-terminal>
import App from './App.vue';

createApp(App).mount('#app');
