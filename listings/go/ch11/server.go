// The exercise as the course's newer version asks for it: a number server,
// one goroutine that alone owns i and serves requests over channels.
package main

import "fmt"

const (
	ups   = 1000000
	downs = 1000001
)

// numberServer owns i. It applies increments and decrements one at a
// time, and answers a get with the current value.
func numberServer(inc, dec <-chan struct{}, get chan<- int) {
	i := 0
	for {
		select {
		case <-inc:
			i++
		case <-dec:
			i--
		case get <- i:
		}
	}
}

func worker(requests chan<- struct{}, count int, done chan<- bool) {
	for k := 0; k < count; k++ {
		requests <- struct{}{}
	}
	done <- true
}

func main() {
	inc := make(chan struct{})
	dec := make(chan struct{})
	get := make(chan int)
	done := make(chan bool)
	go numberServer(inc, dec, get)
	go worker(inc, ups, done)
	go worker(dec, downs, done)
	<-done
	<-done
	fmt.Println("i =", <-get)
}
